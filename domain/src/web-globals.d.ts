/**
 * The domain runs in Node, in the browser and in Temporal's workflow sandbox, so it is compiled without Node's or the
 * DOM's type libraries. These are the only globals it uses, which all three provide.
 */
declare class URL {
  constructor(url: string, base?: string);
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly hostname: string;
}
