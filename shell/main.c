/* main() only: everything else is in objects the unit tests link too. */
#include <string.h>
#include <sys/prctl.h>

int nsh_main(int argc, char **argv);

int main(int argc, char **argv)
{
	char name[16] = "";

	/* Started through the /proc/self/exe magic link (a nested shell whose
	 * path the user cannot reach), the kernel named this process "exe";
	 * through fexecve, on kernels before 6.14, after the descriptor's
	 * number.  ps, pidtree and the labs should still see nsh. */
	if (prctl(PR_GET_NAME, name) == 0 &&
	    (strcmp(name, "exe") == 0 || (name[0] && strspn(name, "0123456789") == strlen(name))))
		prctl(PR_SET_NAME, "nsh");
	return nsh_main(argc, argv);
}
