# The overlay (issue 7): its view logic on recorded streams, its drawing under SDL's dummy video
# driver, and the whole program against a real stridecued under Xvfb.
stridecue_test_program(test_overlay_view overlay/view stridecue_overlay_core)
catch_discover_tests(test_overlay_view TEST_PREFIX "overlay: " PROPERTIES FAIL_REGULAR_EXPRESSION "No tests ran" LABELS "unit")

stridecue_test_program(test_overlay_render overlay/render stridecue_overlay_ui)
catch_discover_tests(test_overlay_render TEST_PREFIX "overlay render: " PROPERTIES FAIL_REGULAR_EXPRESSION "No tests ran" LABELS "unit"
                     ENVIRONMENT "SDL_VIDEODRIVER=dummy")

stridecue_test_program(test_overlay_net overlay/net stridecue_overlay_core)
add_dependencies(test_overlay_net stridecued)
catch_discover_tests(test_overlay_net TEST_PREFIX "overlay net: " PROPERTIES FAIL_REGULAR_EXPRESSION "No tests ran" LABELS "e2e-threads"
                     TIMEOUT 120)

stridecue_test_program(test_overlay_e2e overlay/e2e stridecue_api nlohmann_json::nlohmann_json)
# The overlay's path, like the others of support/test_paths.hpp, in one generated file.
file(GENERATE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/test_overlay_e2e_overlay_path.cpp CONTENT
  "namespace stridecue::test { const char* overlay_path() { return \"$<TARGET_FILE:stridecue-overlay>\"; } }\n")
target_sources(test_overlay_e2e PRIVATE ${CMAKE_CURRENT_BINARY_DIR}/test_overlay_e2e_overlay_path.cpp)
add_dependencies(test_overlay_e2e stridecued stridecue-overlay)
catch_discover_tests(test_overlay_e2e TEST_PREFIX "overlay e2e: " PROPERTIES FAIL_REGULAR_EXPRESSION "No tests ran" LABELS "e2e-threads"
                     TIMEOUT 180)
