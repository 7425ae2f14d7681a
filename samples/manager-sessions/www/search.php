<?php echo "Results for " . htmlspecialchars($_POST['q'] ?? '') . "\n";
