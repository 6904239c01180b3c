// The API's requests on the runners' records and the program templates, answered on the
// recorder thread, which owns the store: the API thread never waits for the disk (docs/api.md
// "Runners", "Programs").
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "api/control_handler.hpp"

namespace stridecue {

class Recorder;

void list_runners_request(Recorder& recorder, ReplyCallback done);
void show_runner_request(Recorder& recorder, const std::string& id, ReplyCallback done);
// {"id": …, fields…}: 201 with the record, 409 when the id is taken, 422 naming a bad field.
void add_runner_request(Recorder& recorder, const nlohmann::json& body, ReplyCallback done);
// Some fields (null empties one): 200 with the record, 404 for an unknown runner. "program"
// gives them a program (live/runner_program.hpp).
void edit_runner_request(Recorder& recorder, const std::string& id, const nlohmann::json& body,
                         ReplyCallback done);

// {"programs": [built-in ones, then the store's]}; one; a new one (201, 409 when the name is
// taken, 422 naming a bad field); deleting one (404, 409 for a built-in one).
void list_programs_request(Recorder& recorder, ReplyCallback done);
void show_program_request(Recorder& recorder, const std::string& name, ReplyCallback done);
void add_program_request(Recorder& recorder, const nlohmann::json& body, ReplyCallback done);
void delete_program_request(Recorder& recorder, const std::string& name, ReplyCallback done);

}  // namespace stridecue
