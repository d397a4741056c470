/** The downsampling Web Worker: DownsampleImpl served over the shared worker channel (downsampleServer.ts). */
import { webPort } from '../../shared/workers/index';
import { serveDownsampler } from './downsampleServer';

serveDownsampler(webPort(self));
