import type { CustomRoute } from '@slack/bolt';
import type { DatabaseConnection } from '../db/connection.js';

/** `GET /healthz`: 200 while the database answers, 503 when it does not (load balancers take the replica out). */
export function healthRoute(db: DatabaseConnection, engine: string): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      void db.ping(1_500).then((up) => {
        res.writeHead(up ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(
          JSON.stringify({
            status: up ? 'ok' : 'unavailable',
            database: { state: up ? 'up' : 'down', driver: db.state(), engine },
          }),
        );
      });
    },
  };
}
