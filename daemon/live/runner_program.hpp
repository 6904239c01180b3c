// A runner's change with its "program" field: null takes the program away; a template's name
// gives the runner a copy of that template; {"template": NAME, "settings": {…}} gives it with
// this runner's own changes on top (checked as a template's settings). The copy remembers the
// store's last session then, so that only the sessions after it count as the program's
// (docs/api.md "Runners"). The other fields go through apply_runner_fields.
#pragma once

#include <nlohmann/json.hpp>

#include "store/runner_profile.hpp"
#include "store/sqlite_connection.hpp"

namespace stridecue {

// All or nothing. Throws RunnerFieldError naming the field ("program" for an unknown template
// or a setting it refuses).
void apply_runner_changes(SqliteConnection& db, RunnerProfile& profile,
                          const nlohmann::json& fields);

// The settings of a runner's program copy ({} when it has none or holds no object).
nlohmann::json runner_program_settings(const RunnerProfile& profile);
// The session id after which the runner's program began (0: none).
std::int64_t runner_program_after_session(const RunnerProfile& profile);

}  // namespace stridecue
