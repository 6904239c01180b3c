// The API's requests on the runners' records, answered on the recorder thread, which owns the
// store: the API thread never waits for the disk (docs/api.md "Runners").
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
// Some fields (null empties one): 200 with the record, 404 for an unknown runner.
void edit_runner_request(Recorder& recorder, const std::string& id, const nlohmann::json& body,
                         ReplyCallback done);

}  // namespace stridecue
