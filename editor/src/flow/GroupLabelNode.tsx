import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { GroupLabelNode as GroupLabelNodeType } from './types';

function GroupLabelNodeView({ data }: NodeProps<GroupLabelNodeType>) {
  return (
    <div className="group-label" data-testid={`group-${data.group}`}>
      <h3>{data.group}</h3>
    </div>
  );
}

export const GroupLabelNode = memo(GroupLabelNodeView);
