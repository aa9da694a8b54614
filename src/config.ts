/** Site-wide words: one place to rename or re-describe the site. */
export const SITE = {
  name: 'Daybook',
  tagline: 'Trending machine-learning papers, day by day',
  description:
    'A daily archive of trending machine-learning papers: read the abstracts, browse by day and topic, search in the browser and follow by feed.',
  /** Papers shown per page on topic listings. */
  pageSize: 50,
  locale: 'en',
} as const;
