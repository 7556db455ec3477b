export {
  type ActionCause,
  actorOf,
  causeNote,
  commandIdOf,
} from './action-cause.js';
export {
  DEFAULT_SLASH_COMMAND,
  EXTEND_EXAMPLE,
} from './admission-extend.js';
export { decideMutation } from './admission-mutate.js';
export { escapeJsonPointer, jsonEqual } from './admission-object.js';
export {
  annotationsFieldPath,
  annotationsPointer,
  readTimeBomb,
  type TimeBombFields,
  type TimeBombHolder,
  timeBombHolder,
} from './admission-target.js';
export {
  ADMISSION_ALLOWED,
  type AdmissionAllowed,
  type AdmissionDecision,
  type AdmissionDenied,
  type AdmissionInput,
  type GroupVersionKind,
  type JsonPatchOperation,
} from './admission-types.js';
export { decideValidation } from './admission-validate.js';
export {
  ANNOTATIONS,
  type AnnotationKey,
  type AnnotationPatch,
  applyAnnotationPatch,
  CURFEW_PREFIX,
  KEDA_PAUSED_ANNOTATION,
  LABELS,
} from './annotations.js';
export { commandIdsOf, REMEMBERED_COMMAND_IDS, rememberCommandId } from './command-ids.js';
export {
  costForDuration,
  costPerDay,
  costPerHour,
  formatDollars,
  type RequestedResources,
  type ResourcePrices,
} from './cost.js';
export { decideNamespace } from './decide-namespace.js';
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
} from './decision.js';
export { DNS_LABEL_MAX, dnsLabelProblem, isDnsLabel } from './dns.js';
export {
  type DriftVerdict,
  hasDrift,
  judgeWake,
  UNDO_WINDOW_MS,
  UNDOS_FOR_DRIFT,
} from './drift.js';
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
} from './duration.js';
export { CurfewInputError, isCurfewInputError } from './errors.js';
export {
  decideExpiry,
  EXPIRED_AT_ANNOTATION,
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
} from './expiry-decision.js';
export { formatInstant, parseInstant } from './instant.js';
export {
  contactsOf,
  isSuspended,
  type Management,
  managementOf,
  type NamespaceContacts,
  type NamespaceObservation,
  type NamespaceState,
  stateOf,
} from './namespace.js';
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
} from './namespace-plans.js';
export {
  formatOffsetRecord,
  latestDueOffset,
  nextOffsetAt,
  normalizeOffsets,
  type OffsetRecord,
  parseOffsetRecord,
} from './offsets.js';
export {
  applySnooze,
  resumeAnnotations,
  type SnoozeResult,
  suspendAnnotations,
} from './owner-actions.js';
export {
  type ClusterPolicy,
  DEFAULT_REMINDER_OFFSETS_MINUTES,
  isSystemNamespace,
  validatePolicy,
} from './policy.js';
export {
  type AbsoluteWindow,
  DAY_NAMES,
  parseSchedule,
  SCHEDULE_FORMS,
  type Schedule,
  type ScheduleWindow,
  type Weekday,
  type WeeklyWindow,
} from './schedule.js';
export { parseSku, type Sku, skuMatchesPrefix } from './sku.js';
export {
  type NamespaceRef,
  parseNamespaceRef,
  parseSlashCommand,
  type SlashCommand,
  type SlashCommandError,
  SUPPORT_SIZES,
  type SupportSize,
  usageText,
} from './slash-command.js';
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
} from './support-pod.js';
export {
  canonicalTimeZone,
  type LocalDate,
  type LocalDateTime,
  localDateTime,
  offsetAt,
} from './time-zone.js';
export {
  type Boundary,
  type Interval,
  isUptime,
  nextBoundary,
  nextUptimeStart,
  uptimeEndFrom,
  uptimeIntervals,
} from './uptime.js';
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
} from './validity.js';
export {
  type CronJobObservation,
  type CronJobPlan,
  isExcluded,
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
} from './workload-plans.js';
