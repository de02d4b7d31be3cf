"""Getting news in: the HTTP fetcher, robots.txt, feeds, sitemaps and the source registry."""
