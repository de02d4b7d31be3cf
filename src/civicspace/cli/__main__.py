from civicspace.cli import main

main()
