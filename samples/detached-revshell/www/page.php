<?php echo "page " . (int)($_GET['n'] ?? 1) . "\n";
