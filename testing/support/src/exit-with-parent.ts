/**
 * Preloaded (`--import`) into the Node processes that tests and `bin/start` spawn, never into
 * a deployed hub or agent: when the process that started this one dies — even by `kill -9`,
 * which it cannot catch or pass on — this one stops too (SIGTERM, so it shuts down cleanly)
 * instead of living on as an orphan that holds its ports.
 *
 * Linux's PR_SET_PDEATHSIG is out of Node's reach; an orphan is re-parented (to init or a
 * subreaper), so a `process.ppid` other than the spawner's PID is the signal. The spawner
 * passes its PID in the environment: a parent killed before this preload ran would otherwise go
 * unnoticed. Checked at once and then twice a second; the timer keeps nothing alive.
 */
export const PARENT_PID_VARIABLE = 'CURFEW_EXIT_WITH_PARENT';

const parent = Number(process.env[PARENT_PID_VARIABLE]) || process.ppid;
delete process.env[PARENT_PID_VARIABLE];

function checkParent() {
  if (process.ppid === parent) return;
  clearInterval(poll);
  process.kill(process.pid, 'SIGTERM');
}
const poll = setInterval(checkParent, 500);
poll.unref();
checkParent();
