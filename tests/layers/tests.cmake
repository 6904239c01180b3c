# Enforced layers (docs/architecture.md, "Layers"): every #include between the libraries of
# daemon/, drivers/ and overlay/ checked against include_matrix.txt, and the checker's own test
# on a small tree with a planted violation. Python 3 from Debian (scripts/setup.sh).
find_package(Python3 COMPONENTS Interpreter REQUIRED)
add_test(NAME "layers: every #include follows the include matrix"
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/layers/check_includes.py
                 ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/layers/include_matrix.txt)
add_test(NAME "layers: the check fails on a planted violation, naming file, line and rule"
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/layers/test_check_includes.py
                 ${CMAKE_CURRENT_SOURCE_DIR}/layers/check_includes.py
                 ${CMAKE_CURRENT_SOURCE_DIR}/layers/fixture)
set_tests_properties("layers: every #include follows the include matrix"
                     "layers: the check fails on a planted violation, naming file, line and rule"
                     PROPERTIES LABELS "unit")
