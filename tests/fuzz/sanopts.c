/* Linked into every program of the sanitizer build (make test-asan).
 * Reports go to files under SAN_LOG_DIR as well as ending the process:
 * the CGIs run under web servers that drop the environment (so
 * ASAN_OPTIONS never reaches them) and send stderr to their own logs,
 * and the tests capture stderr of the programs they run, so a report on
 * stderr alone could go unseen.  test-asan.sh fails when any file is
 * there.  (With gcc, whose libubsan is a library apart from libasan,
 * UBSan reports still go to stderr only; clang's runtime is one.) */
#ifndef SAN_LOG_DIR
#error "SAN_LOG_DIR must name the reports directory"
#endif

const char *__asan_default_options(void);
const char *__ubsan_default_options(void);
const char *__lsan_default_options(void);

const char *
__asan_default_options(void)
{
	return "log_path=" SAN_LOG_DIR "/asan:log_exe_name=1"
	    ":abort_on_error=0:exitcode=86:detect_leaks=1"
	    ":strict_string_checks=1:detect_stack_use_after_return=1"
	    ":check_initialization_order=1";
}

const char *
__ubsan_default_options(void)
{
	return "log_path=" SAN_LOG_DIR "/ubsan:log_exe_name=1"
	    ":print_stacktrace=1:halt_on_error=1:exitcode=86";
}

const char *
__lsan_default_options(void)
{
	return "exitcode=86";
}
