export const bareActivities = {
  async noopA(id: string): Promise<string> {
    return id;
  },
  async noopB(id: string): Promise<string> {
    return id;
  },
  /** One POST of the smallest envelope the receiver times, with none of Hookline's work around it. */
  async post(url: string, id: string): Promise<number> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'hookline-bench' },
      body: JSON.stringify({ event: { id } }),
    });
    await res.arrayBuffer();
    return res.status;
  },
};

export type BareActivities = typeof bareActivities;
