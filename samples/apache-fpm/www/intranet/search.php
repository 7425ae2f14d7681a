<?php echo "results for " . htmlspecialchars($_POST['comment'] ?? '') . "\n";
