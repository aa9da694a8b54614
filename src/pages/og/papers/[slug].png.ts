import { hasOwnCard, paperCard } from '../../../cards/content.ts';
import { cardRoute } from '../../../cards/route.ts';

/** The social card of each paper first seen within `SITE.cardWindowDays` of the newest day: `/og/papers/<slug>.png`. */
const route = cardRoute('papers', 'slug', (archive) => archive.newest.filter((paper) => hasOwnCard(archive, paper)).map((paper) => [paper.id, paperCard(archive, paper)]));
export const getStaticPaths = route.getStaticPaths;
export const GET = route.GET;
