import type { APIRoute } from 'astro';
import logo from '../assets/logo.svg?raw';

/** The favicon is the logo itself: one SVG source for every icon. */
export const GET: APIRoute = () => new Response(logo, { headers: { 'Content-Type': 'image/svg+xml' } });
