export {
  ACK_DEADLINE_MS,
  FakeSocketMode,
  REFRESH_GRACE_MS,
  type Ack,
  type Delivery,
  type SocketConnection,
} from './link.js';
export { envelopeFor, type DisconnectReason, type Envelope, type EnvelopeType } from './messages.js';
