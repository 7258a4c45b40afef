from giar.cli import main

main()
