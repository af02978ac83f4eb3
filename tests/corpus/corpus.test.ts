import { describe, expect, it } from 'vitest';
import { formatFigures, loadCorpus, replayCorpus } from './replay';

describe('the corpus of what the ward writes', () => {
  it('has at least 150 replies, 50 chatter lines and 30 questions, each with its reading', () => {
    const corpus = loadCorpus();
    expect(corpus.replies.length).toBeGreaterThanOrEqual(150);
    expect(corpus.chatter.length).toBeGreaterThanOrEqual(50);
    expect(corpus.questions.length).toBeGreaterThanOrEqual(30);
    const ids = [...corpus.replies, ...corpus.chatter, ...corpus.questions].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Many chatter lines name a task or a report, so "no chatter taken for a report" means something.
    const naming = corpus.chatter.filter((c) => /nv\s*\d|nhiệm vụ|báo cáo/i.test(c.text));
    expect(naming.length).toBeGreaterThanOrEqual(30);
  });

  it('is replayed through the bot in a direct chat and in a unit group, and the shares are printed', () => {
    const figures = replayCorpus();
    console.log(`\n${formatFigures(figures)}\n`);
    expect(figures.replies.direct.tasks).toBeGreaterThanOrEqual(300);
    expect(figures.replies.group.tasks).toBe(figures.replies.direct.tasks);
  });
});
