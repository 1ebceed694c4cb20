export { decodeDataFrame, frameBytes, frameValues } from './frames';
export { handshakeAuth, request, RequestError, type LanternSocket, type RequestCode } from './request';
export { ScanFeed, type ScanFeedListener, type ScanFeedOptions } from './scan-feed';
