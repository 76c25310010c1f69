import { describeBackends, runTensorConformance } from './testing.js';

describeBackends('tensor conformance', (ctx) => runTensorConformance(ctx));
