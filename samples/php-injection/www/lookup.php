<?php
$d = $_GET['domain'] ?? 'localhost';
echo "<pre>" . htmlspecialchars(shell_exec("getent hosts " . $d)) . "</pre>\n";
