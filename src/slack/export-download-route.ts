import type { CustomRoute } from '@slack/bolt';
import type { AppDeps } from '../deps.js';
import { openExportDownload } from '../services/exports/open-export-download.js';

/**
 * `GET /exports/<id>?expires=…&sig=…`: the download link of an export DM. Refusals are 403 with
 * a plain-text reason; the file streams from the database with the CSV headers. Served by the same
 * HTTP server as Slack's requests (and in Socket Mode by the one on PORT).
 */
export function exportDownloadRoute(deps: AppDeps, keys: readonly Buffer[]): CustomRoute {
  return {
    path: '/exports/:id',
    method: ['GET'],
    handler: (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const from = req.socket.remoteAddress;
      const id = req.params?.id;
      void openExportDownload(
        { store: deps.store, keys, now: deps.now },
        { id: typeof id === 'string' ? id : '', query: url.searchParams, from },
      )
        .then((download) => {
          if (!download.ok) {
            deps.log.info('exports: download refused', { path: url.pathname, reason: download.reason, from });
            res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
            res.end(`${download.reason}\n`);
            return;
          }
          deps.log.info('exports: download', { path: url.pathname, bytes: download.length, from });
          res.writeHead(200, {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="${download.filename}"`,
            'content-length': String(download.length),
            'cache-control': 'private, no-store',
            'x-content-type-options': 'nosniff',
          });
          download.stream.on('error', (error) => {
            deps.log.error('exports: download cut short', { path: url.pathname, error });
            res.destroy(error);
          });
          download.stream.pipe(res);
        })
        .catch((error: unknown) => {
          deps.log.error('exports: download failed', { path: url.pathname, error });
          if (!res.headersSent) {
            res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
            res.end('ub could not read the file just now. Try the link again in a minute.\n');
          } else res.destroy();
        });
    },
  };
}
