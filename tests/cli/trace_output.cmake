# The real binary on good input: exit status 0, CSV on stdout; a diverging run is reported on stderr.
function(run_trace)
  execute_process(COMMAND ${GRADSCAPE} trace ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err
                  TIMEOUT 60)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "trace ${ARGN}: exit status ${status} (stderr: ${err})")
  endif()
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()

# f = x^2 + y^2 from (-1, 2), SGD lr 0.1: x_1 = 0.8 x_0 = (-0.8, 1.6).
run_trace(--surface expr:x^2+y^2 --start -1,2 --steps 1 --optimizer sgd:lr=0.1)
set(expected_start "optimizer,step,x,y,loss,gradient_norm,step_length,gradient_evaluations\nsgd lr=0.1,0,-1,2,5,")
string(FIND "${out}" "${expected_start}" at)
if(NOT at EQUAL 0)
  message(FATAL_ERROR "unexpected CSV start: ${out}")
endif()
string(FIND "${out}" "sgd lr=0.1,1,-0.80000000000000004,1.6000000000000001," at)
if(at EQUAL -1)
  message(FATAL_ERROR "unexpected first step: ${out}")
endif()

run_trace(--surface=expr:x^2+y^2 --start=1,1 --steps=20 --optimizer=sgd:lr=10)
if(NOT err STREQUAL "sgd lr=10 diverged at step 12\n")
  message(FATAL_ERROR "unexpected stderr for a diverging run: ${err}")
endif()

run_trace(--list)
string(FIND "${out}" "rosenbrock" at)
if(at EQUAL -1)
  message(FATAL_ERROR "--list does not name rosenbrock")
endif()
