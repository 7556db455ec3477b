/** `bin/release`: build and push both images, package and push both charts. */
export {
  parseReleaseArgs,
  RELEASE_USAGE,
  type ReleaseOptions,
  ReleaseUsageError,
} from './options.js';
export {
  type ChartName,
  describeStep,
  imageRef,
  packagedChart,
  type ReleaseInput,
  type ReleaseStep,
  releasePlan,
} from './plan.js';
export { stageChart } from './stage.js';
