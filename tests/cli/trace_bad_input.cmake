# The real binary on bad input: exit status 2, nothing on stdout, one line on stderr naming the bad part.
include(${CMAKE_CURRENT_LIST_DIR}/lib/expect_refused.cmake)

expect_refused("'rosenbruck'" --surface rosenbruck --optimizer sgd)
expect_refused("'adamm'" --surface rosenbrock --optimizer adamm)
expect_refused("'1e-3x'" --surface rosenbrock --optimizer adam:lr=1e-3x)
expect_refused("'nan'" --surface rosenbrock --optimizer sgd --start 1,nan)
expect_refused("-5" --surface rosenbrock --optimizer sgd --steps -5)
expect_refused("formula error at column 7: unknown function 'sinn'" --surface "expr:x*y + sinn(x)" --optimizer sgd)
expect_refused("'--bogus'" --surface rosenbrock --optimizer sgd --bogus)
expect_refused("--steps needs a value" --surface rosenbrock --optimizer sgd --steps)
expect_refused("none follows the last one" --surface rosenbrock --optimizer sgd --schedule step:size=1,gamma=0.5)
