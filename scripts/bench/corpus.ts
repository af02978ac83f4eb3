/**
 * The corpus of what the ward writes (tests/corpus), replayed through the real bot on a real SQLite file:
 * the shares of task statuses read right and recorded wrong, periods filed wrong, chatter taken for a
 * report, questions answered as meant; for the fresh corpus written blind to the reader, the same shares
 * without targets yet. `npm run bench` prints them with the speed figures.
 */
import { formatFigures, replayCorpus } from '../../tests/corpus/replay';

/** One line of the benchmark's table: a share or a count, with its target. */
export interface CorpusFigure {
  name: string;
  value: number;
  unit: string;
  target: string;
  met: boolean;
}

export function benchCorpus(): { figures: CorpusFigure[]; table: string } {
  const f = replayCorpus();
  const pct = (n: number, d: number) => Number(((100 * n) / d).toFixed(1));
  const right = (m: 'direct' | 'group') => pct(f.replies[m].right, f.replies[m].tasks);
  const wrong = (m: 'direct' | 'group') => pct(f.replies[m].wrong, f.replies[m].tasks);
  const periods = f.replies.direct.periodsWrong + f.replies.group.periodsWrong;
  const chatter = f.chatter.recorded.length;
  const asked = pct(f.questions.asMeant, f.questions.total);
  const held = f.holdout.direct;
  const fresh = (m: 'direct' | 'group') => f.fresh[m];
  const freshRight = (m: 'direct' | 'group') => pct(fresh(m).right, fresh(m).tasks);
  const freshWrong = (m: 'direct' | 'group') => pct(fresh(m).wrong, fresh(m).tasks);
  const figures: CorpusFigure[] = [
    {
      name: `corpus: task statuses read right (${f.replies.direct.tasks} tasks; direct / group)`,
      value: Math.min(right('direct'), right('group')),
      unit: `% (${right('direct')} / ${right('group')})`,
      target: '≥ 90 %',
      met: Math.min(right('direct'), right('group')) >= 90,
    },
    {
      name: 'corpus: task statuses recorded wrong (direct / group)',
      value: Math.max(wrong('direct'), wrong('group')),
      unit: `% (${wrong('direct')} / ${wrong('group')})`,
      target: '≤ 2 %',
      met: Math.max(wrong('direct'), wrong('group')) <= 2,
    },
    { name: 'corpus: periods filed wrong', value: periods, unit: 'replies', target: '0', met: periods === 0 },
    {
      name: `corpus: chatter recorded as a report (${f.chatter.messages} lines, both chats)`,
      value: chatter,
      unit: 'lines',
      target: '0',
      met: chatter === 0,
    },
    {
      name: `corpus: questions and commands answered as meant (${f.questions.total})`,
      value: asked,
      unit: '%',
      target: '≥ 90 %',
      met: asked >= 90,
    },
    {
      name: `corpus: held-out replies read right (${held.tasks} tasks; recorded wrong)`,
      value: pct(held.right, held.tasks),
      unit: `% (${pct(held.wrong, held.tasks)} % wrong)`,
      target: 'none wrong',
      met: held.wrong === 0,
    },
    // The fresh corpus, written blind to the reader, is measured only: its targets are not set yet.
    {
      name: `corpus: fresh replies read right (${fresh('direct').tasks} tasks; direct / group)`,
      value: Math.min(freshRight('direct'), freshRight('group')),
      unit: `% (${freshRight('direct')} / ${freshRight('group')})`,
      target: 'not set',
      met: true,
    },
    {
      name: 'corpus: fresh replies recorded wrong (direct / group)',
      value: Math.max(freshWrong('direct'), freshWrong('group')),
      unit: `% (${freshWrong('direct')} / ${freshWrong('group')})`,
      target: 'not set',
      met: true,
    },
    {
      name: 'corpus: fresh replies filed in a wrong period (direct + group)',
      value: fresh('direct').periodsWrong + fresh('group').periodsWrong,
      unit: 'replies',
      target: 'not set',
      met: true,
    },
    {
      name: `corpus: fresh chatter recorded as a report (${f.freshChatter.messages} lines, both chats)`,
      value: f.freshChatter.recorded.length,
      unit: 'lines',
      target: 'not set',
      met: true,
    },
    // The blind set, written blind to the reader and to every other corpus file: measured only.
    {
      name: `corpus: blind replies read right (${f.blind.direct.tasks} tasks; direct / group)`,
      value: Math.min(
        pct(f.blind.direct.right, f.blind.direct.tasks),
        pct(f.blind.group.right, f.blind.group.tasks),
      ),
      unit: `% (${pct(f.blind.direct.wrong, f.blind.direct.tasks)} % wrong)`,
      target: 'not set',
      met: true,
    },
    {
      name: `corpus: blind chatter recorded as a report (${f.blindChatter.messages} lines, both chats)`,
      value: f.blindChatter.recorded.length,
      unit: 'lines',
      target: 'not set',
      met: true,
    },
  ];
  return { figures, table: formatFigures(f) };
}
