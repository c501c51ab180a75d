import type { EdgeTypes, NodeTypes } from '@xyflow/react';
import { ChainEdge } from './ChainEdge';
import { EventNode } from './EventNode';
import { GroupLabelNode } from './GroupLabelNode';
import { HandlerNode } from './HandlerNode';
import { LaneNode } from './LaneNode';

/** At module scope, so React Flow never sees new types and never re-mounts every node. */
export const nodeTypes = {
  groupLabel: GroupLabelNode,
  lane: LaneNode,
  event: EventNode,
  handler: HandlerNode,
} satisfies NodeTypes;

export const edgeTypes = {
  chain: ChainEdge,
} satisfies EdgeTypes;
