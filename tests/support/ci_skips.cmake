# Declares why the CTest tests named after `reason` may skip under CI: IMPACT_SKIP_REASON in their
# environment, which the skip of a test script or GoogleTest program reads at run time (without
# it, a skip under IMPACT_CI fails), and the label ci_skip_declared (`ctest -L ci_skip_declared`).
# Call it where the tests are added, and list them in docs/testing.md (ci.skip_declared_skips_listed
# checks the list).
function(impact_declare_skip reason)
  set_property(TEST ${ARGN} APPEND PROPERTY ENVIRONMENT "IMPACT_SKIP_REASON=${reason}")
  set_property(TEST ${ARGN} APPEND PROPERTY LABELS ci_skip_declared)
endfunction()
