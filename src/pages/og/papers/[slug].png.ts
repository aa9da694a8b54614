import { paperCard } from '../../../cards/content.ts';
import { cardRoute } from '../../../cards/route.ts';

/** Each paper's social card: `/og/papers/<slug>.png`. */
const route = cardRoute('slug', (archive) => [...archive.papers.values()].map((paper) => [paper.id, paperCard(archive, paper)]));
export const getStaticPaths = route.getStaticPaths;
export const GET = route.GET;
