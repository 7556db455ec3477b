export {
  DEFAULT_SLASH_COMMAND,
  EXTEND_EXAMPLE,
} from './admission/admission-extend.js';
export { decideMutation } from './admission/admission-mutate.js';
export { escapeJsonPointer, jsonEqual } from './admission/admission-object.js';
export {
  annotationsFieldPath,
  annotationsPointer,
  readTimeBomb,
  type TimeBombFields,
  type TimeBombHolder,
  timeBombHolder,
} from './admission/admission-target.js';
export {
  ADMISSION_ALLOWED,
  type AdmissionAllowed,
  type AdmissionDecision,
  type AdmissionDenied,
  type AdmissionInput,
  type GroupVersionKind,
  type GroupVersionResource,
  type JsonPatchOperation,
} from './admission/admission-types.js';
export { decideValidation } from './admission/admission-validate.js';
export {
  type CloudPrices,
  cloudHourlyPrice,
  namespaceCostPerDay,
  type PricedCloudResource,
  runningCloudCostPerHour,
  validateCloudPrices,
} from './cloud/cloud-cost.js';
export {
  type CloudRecord,
  type CloudRefusal,
  type CloudStoppedEntry,
  cloudRecordPatch,
  EMPTY_CLOUD_RECORD,
  readCloudRecord,
  sameCloudRecord,
} from './cloud/cloud-record.js';
export {
  type CloudResumeOutcome,
  type CloudSuspendOutcome,
  cloudResumeReport,
  cloudSuspendReport,
} from './cloud/cloud-report.js';
export {
  CLOUD_KINDS,
  type CloudKind,
  type CloudPhase,
  type CloudRef,
  type CloudResource,
  cloudKey,
  cloudLabel,
  cloudPhase,
  sameCloudRef,
} from './cloud/cloud-resource.js';
export {
  type CloudResumePlan,
  cloudResumeSettled,
  planCloudResume,
} from './cloud/cloud-resume-plan.js';
export {
  type BlockedResource,
  type CloudPlanOptions,
  type CloudSuspendPlan,
  planCloudSuspend,
} from './cloud/cloud-suspend-plan.js';
export {
  type CloudSweepPlan,
  planCloudSweep,
  RDS_MAX_STOPPED_MS,
  type ReleasedResource,
} from './cloud/cloud-sweep-plan.js';
export { type StopBlocker, stopBlocker } from './cloud/stop-blockers.js';
export {
  type NamespaceRef,
  parseNamespaceRef,
  parseSlashCommand,
  type SlashCommand,
  type SlashCommandError,
  SUPPORT_SIZES,
  type SupportSize,
  usageText,
} from './command/slash-command.js';
export {
  ANNOTATIONS,
  type AnnotationKey,
  type AnnotationPatch,
  applyAnnotationPatch,
  CURFEW_PREFIX,
  DOWNSCALER_ANNOTATIONS,
  EXPIRED_AT_ANNOTATION,
  KEDA_PAUSED_ANNOTATION,
  LABELS,
} from './common/annotations.js';
export { type Clock, systemClock } from './common/clock.js';
export { closestMatch, editDistance } from './common/closest-match.js';
export { commandIdsOf, REMEMBERED_COMMAND_IDS, rememberCommandId } from './common/command-ids.js';
export { DNS_LABEL_MAX, dnsLabelProblem, isDnsLabel } from './common/dns.js';
export {
  DAY_MS,
  DURATION_FORMS,
  formatDuration,
  HOUR_MS,
  MAX_DURATION_MS,
  MINUTE_MS,
  parseDuration,
  SECOND_MS,
  WEEK_MS,
} from './common/duration.js';
export { CurfewInputError, isCurfewInputError } from './common/errors.js';
export { MAX_INPUT_LENGTH } from './common/input-limit.js';
export { formatInstant, parseInstant } from './common/instant.js';
export { plural } from './common/plural.js';
export {
  costForDuration,
  costPerDay,
  costPerHour,
  formatDollars,
  type RequestedResources,
  type ResourcePrices,
  roundCents,
} from './cost/cost.js';
export {
  isPausedByCurfew,
  isPausedForNothing,
  type PauseDecision,
  pausedFor,
  planReconcilerPause,
  planReconcilerRestore,
  type ReconcilerPatch,
  type ReconcilerState,
  reportedNamespaces,
  restorePatch,
} from './gitops/reconciler-pause.js';
export {
  ARGOCD_INSTANCE_LABEL,
  ARGOCD_TRACKING_ANNOTATION,
  DEFAULT_ARGOCD_NAMESPACE,
  FLUX_HELM_LABELS,
  FLUX_KUSTOMIZE_LABELS,
  managersOf,
  managersOfAll,
  type ReconcilerKind,
  type ReconcilerRef,
  reconcilerKey,
  reconcilerLabel,
} from './gitops/reconciler-ref.js';
export {
  emptyGitOpsSuspendOutcome,
  type GitOpsResumeOutcome,
  type GitOpsSuspendOutcome,
  gitOpsResumeReport,
  gitOpsSuspendReport,
  reconcilerName,
} from './gitops/reconciler-report.js';
export {
  type ActionCause,
  actorOf,
  causeNote,
  commandIdOf,
} from './namespace/action-cause.js';
export { decideNamespace } from './namespace/decide-namespace.js';
export type {
  DecisionBase,
  InvalidDecision,
  MarkWokenDecision,
  NamespaceDecision,
  NothingDue,
  RemindDecision,
  ResumeDecision,
  SuspendDecision,
  SystemDecision,
  UnmanagedDecision,
} from './namespace/decision.js';
export {
  type DriftVerdict,
  hasDrift,
  judgeWake,
  UNDO_WINDOW_MS,
  UNDOS_FOR_DRIFT,
} from './namespace/drift.js';
export {
  contactsOf,
  isSuspended,
  type Management,
  managementOf,
  type NamespaceContacts,
  type NamespaceObservation,
  type NamespaceState,
  type ObservedWorkload,
  stateOf,
} from './namespace/namespace.js';
export {
  namespaceAsleep,
  planResume,
  planSnooze,
  planSuspend,
  planWake,
  type SnoozePlan,
  type SuspendPlan,
  type TransitionPlan,
  type WakePlan,
  type WokenWorkload,
} from './namespace/namespace-plans.js';
export { namespaceSchedule } from './namespace/namespace-schedule.js';
export {
  applySnooze,
  resumeAnnotations,
  type SnoozeResult,
  suspendAnnotations,
} from './namespace/owner-actions.js';
export {
  type ClusterPolicy,
  DEFAULT_REMINDER_OFFSETS_MINUTES,
  isSystemNamespace,
  validatePolicy,
} from './namespace/policy.js';
export {
  answerForTerminating,
  type NamespaceCommand,
  type TerminatingAnswer,
} from './namespace/termination.js';
export {
  type NamespaceConditionObservation,
  type TerminationObservation,
  type TerminationReport,
  terminationReport,
  whatHolds,
} from './namespace/termination-report.js';
export { isWorkloadExcluded } from './namespace/workload-exclusion.js';
export {
  type CronJobObservation,
  type CronJobPlan,
  planCronJobResume,
  planCronJobSuspend,
  planScaledObjectPause,
  planScaledObjectResume,
  planWorkloadResume,
  planWorkloadSuspend,
  recordedReplicas,
  recordForScaleDown,
  type ScalableObservation,
  type ScalePlan,
} from './namespace/workload-plans.js';
export { downscalerSchedule, exceptDowntime } from './schedule/downscaler-schedule.js';
export {
  formatOffsetRecord,
  latestDueOffset,
  nextOffsetAt,
  normalizeOffsets,
  type OffsetRecord,
  parseOffsetRecord,
} from './schedule/offsets.js';
export { parseSchedule, validateScheduleDefaults } from './schedule/schedule.js';
export {
  type AbsoluteWindow,
  DAY_NAMES,
  SCHEDULE_FORMS,
  type Schedule,
  type ScheduleDefaults,
  type ScheduleWindow,
  type Weekday,
  type WeeklyWindow,
} from './schedule/schedule-types.js';
export {
  canonicalTimeZone,
  ICU_LEGACY_ZONE_IDS,
  type LocalDate,
  type LocalDateTime,
  localDateTime,
  offsetAt,
  resolveTimeZone,
  type TimeZoneResolution,
} from './schedule/time-zone.js';
export {
  type Boundary,
  type Interval,
  isUptime,
  nextBoundary,
  nextUptimeStart,
  uptimeEndFrom,
  uptimeIntervals,
} from './schedule/uptime.js';
export {
  DEFAULT_SUPPORT_COMMAND,
  DEFAULT_SUPPORT_IMAGE,
  DEFAULT_SUPPORT_RUN_AS_USER,
  DEFAULT_SUPPORT_TIMER,
  MANAGED_BY_LABEL,
  parseSupportSize,
  planSupportPod,
  planSupportStart,
  planSupportStop,
  REQUESTED_BY_ANNOTATION,
  type ResourceAmounts,
  SUPPORT_LABEL,
  SUPPORT_POD_PREFIX,
  SUPPORT_SIZE_ANNOTATION,
  SUPPORT_SIZE_PRESETS,
  type SupportCommandInput,
  type SupportPodManifest,
  type SupportPodPlan,
  type SupportPodRequest,
  type SupportPodState,
  type SupportSizePreset,
  type SupportStartStep,
  type SupportStopStep,
  supportPodManifest,
  supportPodName,
} from './support-pods/support-pod.js';
export {
  decideExpiry,
  type ExpiryContext,
  type ExpiryDecision,
  type ExpiryDelete,
  type ExpiryNothing,
  type ExpiryRevive,
  type ExpiryScaleDown,
  type ExpiryWarn,
  type ExtendPlan,
  extendApplied,
  extendMatches,
  extendSummary,
  planExtend,
  type TimeBomb,
  type TimeBombKind,
  type TimeBombObservation,
  timeBombOf,
} from './time-bombs/expiry-decision.js';
export { parseSku, type Sku, skuMatchesPrefix } from './time-bombs/sku.js';
export {
  DEFAULT_EXPIRY_WARNING_OFFSETS_MINUTES,
  expiryWarningDue,
  isExpired,
  lastExpiryWarning,
  nextExpiryCheckAt,
  parseValidUntil,
  type Validity,
  validityAfter,
  validityAt,
  validityFromTimer,
} from './time-bombs/validity.js';
