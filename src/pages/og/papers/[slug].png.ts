import { paperCard } from '../../../cards/content.ts';
import { cardRoute } from '../../../cards/route.ts';
import { SITE } from '../../../config.ts';
import { hasOwnCard } from '../../../lib/card-window.ts';

/** The social card of each paper first seen within `SITE.cardWindowDays` of the newest day: `/og/papers/<slug>.png`. */
const route = cardRoute('papers', 'slug', (archive) => archive.newest.filter((paper) => hasOwnCard(archive, paper, SITE.cardWindowDays)).map((paper) => [paper.id, paperCard(archive, paper)]));
export const getStaticPaths = route.getStaticPaths;
export const GET = route.GET;
