/** A YAML string: JSON's quoting is valid YAML. */
export const q = (text: string): string => JSON.stringify(text);
