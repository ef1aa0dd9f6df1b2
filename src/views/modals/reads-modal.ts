import type { ModalView } from '@slack/types';
import type { Evidence } from '../../domain/evidence';
import { readLine } from '../evidence';
import { context, fitBlocks, LIMITS, plain, section } from '../kit';

/** Everything the agent read for one version, read and refused alike: the card's full source list. */
export function readsModal(agent: string, version: number, reads: readonly Evidence[]): ModalView {
  const blocks = reads.length
    ? reads.map((r) => section(readLine(r)))
    : [section('Nothing was read for this version beyond the request itself.')];
  return {
    type: 'modal',
    title: plain('What it read', 24),
    close: plain('Close', 24),
    blocks: fitBlocks([context(`\`${agent}\` · version ${version} · ${reads.length} read${reads.length === 1 ? '' : 's'}`), ...blocks], LIMITS.blocksPerModal, 0),
  };
}
