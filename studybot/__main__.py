from studybot.cli import main

raise SystemExit(main())
