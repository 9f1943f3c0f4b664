# User-written optimizers on the command line: `--optimizer file:PATH.gso[:key=value,...]` runs the program
# exactly like the built-in it writes out; a broken or unreadable program is refused with one line, exit 2.
function(run_trace)
  execute_process(COMMAND ${GRADSCAPE} trace ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err
                  TIMEOUT 60)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "trace ${ARGN}: exit status ${status} (stderr: ${err})")
  endif()
  # Drop the label column so the program's rows compare with the built-in's.
  # (CMake's ^ matches at every search position of REGEX REPLACE, so anchor on the newline alone.)
  string(REGEX REPLACE "\n[^,\n]*," "\n" rows "\n${out}")
  set(rows "${rows}" PARENT_SCOPE)
endfunction()

include(${CMAKE_CURRENT_LIST_DIR}/lib/expect_refused.cmake)

set(adam "${SOURCE_DIR}/assets/optimizers/adam.gso")

run_trace(--surface rosenbrock --steps 300 --optimizer adam)
set(builtin "${rows}")
run_trace(--surface rosenbrock --steps 300 --optimizer file:${adam})
if(NOT rows STREQUAL builtin)
  message(FATAL_ERROR "the Adam program's trace differs from the built-in Adam's:\n${rows}")
endif()
string(LENGTH "${rows}" length)
if(length LESS 3000)
  message(FATAL_ERROR "trace of the Adam program is too short: ${rows}")
endif()

# Parameters after the last colon followed by name=, as for the built-ins.
run_trace(--surface beale --steps 200 --optimizer adam:lr=0.05,beta1=0.8)
set(builtin "${rows}")
run_trace(--surface beale --steps 200 --optimizer file:${adam}:lr=0.05,beta1=0.8)
if(NOT rows STREQUAL builtin)
  message(FATAL_ERROR "the Adam program with lr=0.05,beta1=0.8 differs from the built-in's:\n${rows}")
endif()

file(MAKE_DIRECTORY ${WORK})
file(WRITE ${WORK}/broken.gso "hyper lr = 0.1 [0, 1]\nx = x - lr * gg\n")
expect_refused("${WORK}/broken.gso: line 2, column 14: " --surface rosenbrock --optimizer file:${WORK}/broken.gso)
expect_refused("${WORK}/missing.gso: cannot read" --surface rosenbrock --optimizer file:${WORK}/missing.gso)
expect_refused("'momentum'" --surface rosenbrock --optimizer file:${adam}:momentum=0.9)
expect_refused("out of range" --surface rosenbrock --optimizer file:${adam}:lr=-1)
