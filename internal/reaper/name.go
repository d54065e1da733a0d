package reaper

// Name is the reaper's argv[0] and process name, as ps shows it and
// :tree finds it.
const Name = "pg-reaper"

// EvaluatorEnv marks an evaluator: this binary again, started with it set
// (interp.EvaluatorEnv). It is named here, below interp, for the early
// init of package prestart, which must not start a reaper in one.
const EvaluatorEnv = "PLAYGROUND_EVALUATOR"
