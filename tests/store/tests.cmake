# The session store (daemon/store): schema, rows, crash safety, replay of a stored session.
stridecue_test_program(test_store store stridecue_store)
catch_discover_tests(test_store TEST_PREFIX "store: " PROPERTIES FAIL_REGULAR_EXPRESSION "No tests ran" LABELS "unit")

# `stridecue sessions` and `stridecue export` end to end, on a store written here. A program of
# its own so that the store's unit tests do not wait for the whole CLI to build.
stridecue_test_program(test_store_cli store/cli stridecue_store nlohmann_json::nlohmann_json)
add_dependencies(test_store_cli stridecue)
catch_discover_tests(test_store_cli TEST_PREFIX "store-cli: " PROPERTIES FAIL_REGULAR_EXPRESSION "No tests ran" LABELS "e2e")
