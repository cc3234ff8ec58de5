/* main() only: everything else is in objects the unit tests link too. */
int nsh_main(int argc, char **argv);

int main(int argc, char **argv)
{
	return nsh_main(argc, argv);
}
