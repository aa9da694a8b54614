/** Site-wide words: one place to rename or re-describe the site. */
export const SITE = {
  name: 'Daybook',
  tagline: 'Trending machine-learning papers, day by day',
  description:
    'A daily archive of trending machine-learning papers: read the abstracts, browse by day and topic, search in the browser and follow by feed.',
  /** Papers shown per page on topic listings. */
  pageSize: 50,
  locale: 'en',
  /**
   * Papers first seen within this many days of the newest digest get a social card of their
   * own; older papers share their first topic's card. A card per paper for ever cannot fit a
   * static host (at 60,000 papers the cards alone were 2 GB), and it is new papers that get shared.
   * A week: at 75,000 paper-days a 30-day window took 85 MB of the site's 1 GB, two weeks 40 MB.
   */
  cardWindowDays: 7,
} as const;
