<?php echo "Thanks, " . htmlspecialchars(substr($_POST['name'] ?? '', 0, 20)) . "\n";
