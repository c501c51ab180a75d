export const bareActivities = {
  async noopA(id: string): Promise<string> {
    return id;
  },
  async noopB(id: string): Promise<string> {
    return id;
  },
};

export type BareActivities = typeof bareActivities;
