import { describe, expect, it } from 'vitest';
import { recentPapers, topicFeed } from '../../src/lib/feed-info.ts';

/** `count` papers first seen on `day`, named `<day>#<n>`. */
const papersOn = (day: string, count: number) => Array.from({ length: count }, (_, n) => ({ id: `${day}#${n}`, data: { days: [day] } }));

describe('which papers a feed carries', () => {
  it('carries every paper of the last 7 calendar days up to the newest day, however many', () => {
    const papers = [...papersOn('2026-11-24', 60), ...papersOn('2026-11-18', 60), ...papersOn('2026-11-17', 60)];
    const carried = recentPapers(papers, '2026-11-24');
    expect(carried).toHaveLength(120);
    expect(carried.at(-1)?.id).toBe('2026-11-18#59');
  });

  it('carries at least the newest 100 papers when the window holds fewer', () => {
    const papers = [...papersOn('2026-11-24', 3), ...papersOn('2026-10-01', 150)];
    const carried = recentPapers(papers, '2026-11-24');
    expect(carried).toHaveLength(100);
    expect(carried.at(-1)?.id).toBe('2026-10-01#96');
    expect(recentPapers(papersOn('2026-10-01', 5), '2026-11-24')).toHaveLength(5);
  });

  it('carries nothing from an archive without days', () => {
    expect(recentPapers([], undefined)).toEqual([]);
  });
});

describe('a topic’s feed', () => {
  it('is named after the site and the topic, and follows the topic’s page', () => {
    const topic = { id: 'robotics', data: { name: 'Robotics', description: 'Robots that learn.' } };
    expect(topicFeed(topic, 'Daybook')).toEqual({
      id: 'topic:robotics',
      name: 'Robotics',
      title: 'Daybook: Robotics',
      description: 'Robots that learn.',
      path: '/topics/robotics/rss.xml',
      pagePath: '/topics/robotics/',
    });
  });
});
