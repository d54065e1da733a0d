package reaper

// Name is the reaper's argv[0] and process name, as ps shows it and
// :tree finds it.
const Name = "pg-reaper"
