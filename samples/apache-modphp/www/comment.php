<?php
$c = substr($_POST['comment'] ?? '', 0, 200);
echo "Thanks for: " . htmlspecialchars($c) . "\n";
