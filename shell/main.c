/* main() only: everything else is in objects the unit tests link too. */
#include <string.h>
#include <sys/prctl.h>

int nsh_main(int argc, char **argv);

int main(int argc, char **argv)
{
	char name[16] = "";

	/* Started through the /proc/self/exe magic link (a nested shell whose
	 * path the user cannot reach), the kernel named this process "exe";
	 * ps, pidtree and the labs should still see nsh. */
	if (prctl(PR_GET_NAME, name) == 0 && strcmp(name, "exe") == 0)
		prctl(PR_SET_NAME, "nsh");
	return nsh_main(argc, argv);
}
