// After connecting: proves the configured database exists and answers (verifyConnectivity does not check the name).
RETURN $ping AS ping;
